/**
 * Plain-language explanations of what went wrong, each saying what to do
 * next, from the SDK's errors: DeviceStatusError (a status code from the
 * reader, with its details), TransportError (the link to the reader), an
 * aborted request. French and English.
 */
import { Status, statusName } from '../../protocol/status.js';
import { DeviceStatusError, TransportError } from '../../sdk/errors.js';
import { lang } from './i18n.js';
import { formatDate } from './time.js';

/** What the page shows for a failure. */
export interface Explanation {
  /** Short headline. */
  title: string;
  /** What happened and what to do next. */
  text: string;
  /** 'warn' for the holder's to fix (PIN, card away), 'error' for a refusal or a fault. */
  tone: 'warn' | 'error';
  /** The status name or error name, for the technical line. */
  code: string;
  /** Whether money may have moved: 'none' (nothing debited), 'unknown' (check the journal). */
  debit: 'none' | 'unknown';
}

type Bi = [fr: string, en: string];
type Details = Record<string, unknown>;
type Entry = { title: Bi; text: (d: Details, fmt: (n: number) => string) => Bi; tone?: 'warn' | 'error'; debit?: 'none' | 'unknown' };

const NOTHING: Bi = ['Aucun débit n’a été fait.', 'Nothing was debited.'];
const num = (d: Details, k: string): number | null => (typeof d[k] === 'number' ? (d[k] as number) : null);

const BY_STATUS: Record<number, Entry> = {
  [Status.WRONG_PIN]: {
    title: ['Code faux', 'Wrong PIN'], tone: 'warn',
    text: (d) => {
      const n = num(d, 'triesLeft');
      if (n === null) return ['Le code saisi est faux. Le titulaire peut réessayer : relancez le débit.', 'The PIN was wrong. The holder may try again: start the debit again.'];
      return [
        `Le code saisi est faux. Il reste ${n} essai${n > 1 ? 's' : ''} avant le blocage de la carte. Relancez le débit et faites saisir le bon code.`,
        `The PIN was wrong. ${n} ${n > 1 ? 'tries' : 'try'} left before the card is blocked. Start the debit again and ask for the right PIN.`,
      ];
    },
  },
  [Status.PIN_BLOCKED]: {
    title: ['Carte bloquée (code)', 'Card blocked (PIN)'],
    text: () => ['Trois codes faux ont bloqué la carte. Le titulaire doit changer son code depuis son compte en ligne Pass’Région ; aucun débit n’est possible aujourd’hui.', 'Three wrong PINs blocked the card. The holder must reset the PIN from their online Pass’Région account; no debit is possible today.'],
  },
  [Status.CARD_REVOKED]: {
    title: ['Carte révoquée', 'Card revoked'],
    text: () => ['Cette carte a été déclarée perdue, volée ou remplacée : elle ne doit plus être utilisée. Le titulaire doit utiliser son duplicata ou en commander un depuis son compte.', 'This card was reported lost, stolen or replaced and must not be used. The holder should use the replacement card or order one from their account.'],
  },
  [Status.BENEFIT_EXPIRED]: {
    title: ['Avantage expiré', 'Benefit expired'],
    text: (d) => {
      // validUntil is the first instant no longer valid: the last valid day is the one before it.
      const u = timeDetail(d, 'validUntil');
      const fr = u ? ` (utilisable jusqu’au ${formatDate(u - 1, 'fr')} inclus)` : '';
      const en = u ? ` (usable until ${formatDate(u - 1, 'en')} included)` : '';
      return [`La période de validité de cet avantage est terminée${fr}. Proposez un autre moyen de paiement.`, `This benefit is no longer valid${en}. Offer another means of payment.`];
    },
  },
  [Status.NOT_YET_VALID]: {
    title: ['Avantage pas encore ouvert', 'Benefit not yet open'],
    text: (d) => {
      const f = timeDetail(d, 'validFrom');
      return [`Cet avantage n’est pas encore utilisable${f ? ' (à partir du ' + formatDate(f, 'fr') + ')' : ''}.`, `This benefit cannot be used yet${f ? ' (from ' + formatDate(f, 'en') + ')' : ''}.`];
    },
  },
  [Status.INSUFFICIENT_BALANCE]: {
    title: ['Solde insuffisant', 'Balance too low'],
    text: (d, fmt) => {
      const b = num(d, 'balance');
      return b === null
        ? ['Le solde ne couvre pas ce montant. Débitez un montant plus petit.', 'The balance does not cover this amount. Debit a smaller amount.']
        : [`Solde disponible : ${fmt(b)}. Débitez au plus ce montant et faites payer le reste autrement.`, `Available balance: ${fmt(b)}. Debit at most that and take the rest another way.`];
    },
  },
  [Status.CATEGORY_NOT_AGREED]: {
    title: ['Catégorie non conventionnée', 'Category not agreed'],
    text: () => ['Ce lecteur n’est pas conventionné pour cette catégorie d’avantage. Choisissez un avantage de la liste, ou contactez la Région pour étendre la convention.', 'This reader is not agreed for this benefit category. Pick a benefit from the list, or ask the Region to extend the agreement.'],
  },
  [Status.CARD_REMOVED]: {
    title: ['Carte retirée trop tôt', 'Card taken away too early'], tone: 'warn', debit: 'unknown',
    text: () => ['La carte a quitté le lecteur avant la fin. Cliquez sur « Reprendre ce débit » puis reposez la carte : le lecteur rend le reçu si le débit avait eu lieu, sinon il le fait — jamais deux fois.', 'The card left the reader before the end. Press “Resume this debit” and put the card back: the reader gives back the receipt if the debit had happened, otherwise it makes it — never twice.'],
  },
  [Status.NO_CARD]: { title: ['Pas de carte', 'No card'], tone: 'warn', text: () => ['Aucune carte n’a été présentée. Relancez et posez la carte sur le lecteur.', 'No card was presented. Start again and put the card on the reader.'] },
  [Status.TIMEOUT]: { title: ['Temps écoulé', 'Timed out'], tone: 'warn', text: () => ['Le titulaire n’a pas présenté sa carte ou saisi son code à temps. Relancez le débit.', 'The holder did not present the card or type the PIN in time. Start the debit again.'] },
  [Status.CANCELLED]: { title: ['Annulé', 'Cancelled'], tone: 'warn', text: () => ['L’opération a été annulée.', 'The operation was cancelled.'] },
  [Status.MULTIPLE_CARDS]: { title: ['Plusieurs cartes', 'Several cards'], tone: 'warn', text: () => ['Plusieurs cartes sont sur le lecteur. N’en laissez qu’une et relancez.', 'Several cards are on the reader. Leave only one and start again.'] },
  [Status.CARD_NOT_AUTHENTIC]: { title: ['Carte non authentique', 'Card not authentic'], text: () => ['La carte n’a pas pu être authentifiée. Ne l’acceptez pas ; le titulaire doit contacter la Région.', 'The card could not be authenticated. Do not accept it; the holder should contact the Region.'] },
  [Status.CARD_UNSUPPORTED]: { title: ['Carte inconnue', 'Unknown card'], text: () => ['Ce n’est pas une carte Pass’Région lisible par ce lecteur.', 'This is not a Pass’Région card this reader can read.'] },
  [Status.BENEFIT_SUSPENDED]: { title: ['Avantage suspendu', 'Benefit suspended'], text: () => ['La Région a suspendu cet avantage sur cette carte pour la campagne en cours.', 'The Region suspended this benefit on this card for the current campaign.'] },
  [Status.NO_SUCH_BENEFIT]: { title: ['Avantage absent', 'No such benefit'], text: () => ['Cette carte ne porte pas cet avantage (profil non concerné ou non chargé).', 'This card does not carry this benefit (not for this holder, or not loaded).'] },
  [Status.NOT_ELIGIBLE]: { title: ['Non éligible', 'Not eligible'], text: () => ['Le profil du titulaire ne donne pas droit à cet avantage.', 'The holder’s profile is not eligible for this benefit.'] },
  [Status.INDIVIDUAL_ONLY]: { title: ['Usage individuel', 'Individual use only'], text: () => ['Cet avantage ne peut pas être utilisé en commande groupée.', 'This benefit cannot be used in a group order.'] },
  [Status.INVALID_AMOUNT]: { title: ['Montant invalide', 'Invalid amount'], tone: 'warn', text: () => ['Le montant n’est pas accepté. Corrigez-le.', 'The amount is not accepted. Correct it.'] },
  [Status.ONLINE_ONLY]: { title: ['Avantage en ligne', 'Online only'], text: () => ['Cet avantage s’utilise en ligne, pas sur un lecteur.', 'This benefit is used online, not at a reader.'] },
  [Status.CARD_CLOCK_CONFLICT]: { title: ['Horloge incohérente', 'Clock conflict'], text: () => ['La carte a une transaction plus récente que l’heure du lecteur. Vérifiez l’heure de l’ordinateur et rebranchez le lecteur.', 'The card holds a transaction later than the reader clock. Check the computer’s clock and reconnect the reader.'] },
  [Status.WRONG_MODE]: { title: ['Mauvais mode', 'Wrong mode'], text: () => ['Ce lecteur n’est pas configuré pour cette page (caisse ou contrôle d’accès). Utilisez l’autre page ou un autre lecteur.', 'This reader is not set up for this page (till or access control). Use the other page or another reader.'] },
  [Status.NOT_PROVISIONED]: { title: ['Lecteur non configuré', 'Reader not set up'], text: () => ['Le lecteur n’a pas encore reçu son certificat de la Région.', 'The reader has not received its certificate from the Region yet.'] },
  [Status.CERTIFICATE_EXPIRED]: { title: ['Certificat expiré', 'Certificate expired'], text: () => ['Le certificat du lecteur a expiré : demandez-en un nouveau à la Région.', 'The reader certificate has expired: ask the Region for a new one.'] },
  [Status.CLOCK_NOT_SET]: { title: ['Heure non réglée', 'Clock not set'], text: () => ['Le lecteur n’a pas l’heure. Reconnectez-le.', 'The reader clock is not set. Reconnect it.'] },
  [Status.JOURNAL_FULL]: { title: ['Journal plein', 'Journal full'], text: () => ['Le journal du lecteur est plein : exportez et acquittez les reçus, puis relancez.', 'The reader journal is full: export and acknowledge the receipts, then start again.'] },
  [Status.BUSY]: { title: ['Lecteur occupé', 'Reader busy'], tone: 'warn', text: () => ['Le lecteur termine une autre opération. Réessayez dans un instant.', 'The reader is finishing another operation. Try again in a moment.'] },
  [Status.OTHER_ESTABLISHMENT]: { title: ['Autre établissement', 'Other establishment'], text: () => ['Cette carte appartient à un autre établissement.', 'This card belongs to another establishment.'] },
  [Status.DOUBLE_TAP]: { title: ['Déjà passé', 'Already scanned'], tone: 'warn', text: () => ['Cette carte vient déjà d’être badgée.', 'This card was just scanned.'] },
};

/** Sentences for transport failures, by TransportError kind. */
const BY_KIND: Record<string, { title: Bi; text: Bi; debit: 'none' | 'unknown' }> = {
  disconnected: {
    title: ['Lecteur débranché', 'Reader unplugged'], debit: 'unknown',
    text: ['Le lecteur a été débranché. Rebranchez-le puis cliquez sur « Connecter un lecteur » : un débit déjà signé sera retrouvé dans son journal, jamais fait deux fois.', 'The reader was unplugged. Plug it back in and press “Connect reader”: a debit already signed is found in its journal, never made twice.'],
  },
  closed: { title: ['Connexion fermée', 'Connection closed'], debit: 'none', text: ['La connexion au lecteur est fermée : reconnectez-le.', 'The connection to the reader is closed: connect it again.'] },
  timeout: { title: ['Le lecteur ne répond plus', 'The reader stopped answering'], debit: 'unknown', text: ['Vérifiez le câble et reconnectez le lecteur.', 'Check the cable and reconnect the reader.'] },
  'not-responding': { title: ['Le lecteur ne répond pas', 'The reader does not answer'], debit: 'none', text: ['Débranchez et rebranchez le lecteur, puis reconnectez-le.', 'Unplug the reader, plug it back in, then connect again.'] },
  'bad-frame': { title: ['Liaison USB perturbée', 'USB link disturbed'], debit: 'unknown', text: ['Des messages ont été corrompus : vérifiez le câble ou le hub USB et réessayez.', 'Messages were corrupted: check the cable or USB hub and try again.'] },
  'webusb-unsupported': { title: ['WebUSB indisponible', 'WebUSB unavailable'], debit: 'none', text: ['Ce navigateur ne gère pas WebUSB : utilisez Chrome ou Edge (page servie en https ou depuis cet ordinateur), ou le lecteur simulé.', 'This browser has no WebUSB: use Chrome or Edge (page served over https or from this computer), or the simulated reader.'] },
  'not-found': { title: ['Aucun lecteur choisi', 'No reader chosen'], debit: 'none', text: ['Branchez le lecteur Pass’Région, cliquez sur « Connecter un lecteur » et choisissez-le dans la liste.', 'Plug in the Pass’Région reader, press “Connect reader” and pick it in the list.'] },
  'interface-claimed': { title: ['Lecteur déjà utilisé', 'Reader already in use'], debit: 'none', text: ['Un autre onglet ou programme utilise le lecteur : fermez-le, puis reconnectez.', 'Another tab or program is using the reader: close it, then connect again.'] },
  'permission-denied': { title: ['Accès au lecteur refusé', 'Access to the reader denied'], debit: 'none', text: ['Autorisez ce site à utiliser le lecteur (sous Linux, installez la règle udev fournie), puis reconnectez.', 'Allow this site to use the reader (on Linux, install the supplied udev rule), then connect again.'] },
  'user-gesture-required': { title: ['Clic nécessaire', 'Click needed'], debit: 'none', text: ['Cliquez sur « Connecter un lecteur » pour choisir le lecteur.', 'Press “Connect reader” to choose the reader.'] },
};

/** A detail that is a time (Date from the SDK, or unix seconds) as unix seconds, else null. */
function timeDetail(d: Details, k: string): number | null {
  const v = d[k];
  if (v instanceof Date) return Math.floor(v.getTime() / 1000);
  return typeof v === 'number' ? v : null;
}

/** Short title of a status code in the current language (e.g. for a refused passage). */
export function statusTitle(code: number): string {
  const e = BY_STATUS[code];
  const l = lang() === 'fr' ? 0 : 1;
  return e ? e.title[l] : statusName(code);
}

/** The sentence of a status code without details (what happened, what to do), in the current language. */
export function statusText(code: number): string {
  const e = BY_STATUS[code];
  return e ? e.text({}, String)[lang() === 'fr' ? 0 : 1] : '';
}

/** The explanation of an error thrown by a reader call, in the current language; `fmt` formats a balance of the benefit concerned. */
export function explain(e: unknown, fmt: (n: number) => string = String): Explanation {
  const l = lang() === 'fr' ? 0 : 1;
  if (e instanceof DeviceStatusError) {
    const entry = BY_STATUS[e.code];
    const details = e.details as Details;
    if (entry) {
      const debit = entry.debit ?? 'none';
      const text = entry.text(details, fmt)[l];
      const said = debit === 'none' && e.code !== Status.CANCELLED && e.code !== Status.DOUBLE_TAP;
      return { title: entry.title[l], text: said ? `${text} ${NOTHING[l]}` : text, tone: entry.tone ?? 'error', code: e.name, debit };
    }
    return { title: ['Refus du lecteur', 'Refused by the reader'][l], text: `${e.message} ${NOTHING[l]}`, tone: 'error', code: e.name, debit: 'none' };
  }
  if (e instanceof TransportError) {
    const k = BY_KIND[e.kind];
    if (k) return { title: k.title[l], text: k.text[l], tone: 'error', code: `TransportError/${e.kind}`, debit: k.debit };
    return { title: ['Erreur USB', 'USB error'][l], text: e.message, tone: 'error', code: `TransportError/${e.kind}`, debit: 'unknown' };
  }
  const err = (e ?? {}) as { name?: string; message?: string };
  if (err.name === 'AbortError') {
    return { title: ['Annulé', 'Cancelled'][l], text: [NOTHING[0] + ' Relancez quand le titulaire est prêt.', NOTHING[1] + ' Start again when the holder is ready.'][l], tone: 'warn', code: 'AbortError', debit: 'none' };
  }
  return { title: ['Erreur inattendue', 'Unexpected error'][l], text: String(err.message ?? e), tone: 'error', code: err.name ?? 'Error', debit: 'unknown' };
}

/** A notice element for an explanation. */
export function noticeElement(x: Explanation, id?: string): HTMLElement {
  const box = document.createElement('div');
  box.className = `notice ${x.tone}`;
  box.setAttribute('role', 'alert');
  if (id) box.id = id;
  const h = document.createElement('h3');
  h.textContent = x.title;
  const p = document.createElement('p');
  p.textContent = x.text;
  const tech = document.createElement('p');
  tech.className = 'tech mono';
  tech.textContent = x.code;
  box.append(h, p, tech);
  return box;
}
