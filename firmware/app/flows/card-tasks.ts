/** READ_CARD (public view, no PIN) and BALANCE (wallets with balances, PIN) as card tasks. */
import { Status } from '../../../protocol/status.js';
import { CardState } from '../../../protocol/messages/codes.js';
import type { Ctx } from '../context.js';
import type { CardInfo } from '../card-session.js';
import { failure } from '../errors.js';
import type { CardFlow, CardTask } from './card-flow.js';
import { revoked, walletsForHost } from './wallets.js';

/** READ_CARD: holder, state and wallets without balances. A revoked card is answered OK with state REVOKED. */
export class ReadCardTask implements CardTask {
  title = 'Lecture carte';

  constructor(private readonly ctx: Ctx) {}

  card(flow: CardFlow, _recovered: unknown, now: number): boolean {
    const ctx = this.ctx;
    const time = ctx.seconds();
    const tries = ctx.card.pinTries();
    const ws = ctx.card.readWallets(false);
    const c = (flow.info as CardInfo).cert;
    const state = revoked(ctx, c.cardId, time) ? CardState.REVOKED : tries === 0 ? CardState.PIN_BLOCKED : CardState.OK;
    ctx.ui.ok('Carte lue', 'Card read', c.holderName, '', now, ctx.cfg.resultMs);
    ctx.end(Status.OK, {
      cardId: c.cardId,
      holderName: c.holderName,
      establishment: c.establishment,
      campaign: c.campaign,
      state: state,
      pinTriesLeft: tries >= 0 ? tries : undefined,
      wallets: walletsForHost(ws, ctx.identity.deny, c.cardId, time, false),
    });
    return false;
  }
}

/** BALANCE: wallets with balances, after the PIN. A revoked card is refused before the PIN. */
export class BalanceTask implements CardTask {
  title = 'Solde/Balance';

  constructor(private readonly ctx: Ctx) {}

  card(flow: CardFlow): boolean {
    if (revoked(this.ctx, (flow.info as CardInfo).cardId, this.ctx.seconds())) throw failure(Status.CARD_REVOKED);
    return true;
  }

  verified(flow: CardFlow, now: number): void {
    const ctx = this.ctx;
    const info = flow.info as CardInfo;
    const ws = ctx.card.readWallets(true);
    ctx.ui.ok('Solde/Balance', info.cert.holderName, 'Voir caisse', 'See till', now, ctx.cfg.resultMs);
    ctx.end(Status.OK, { cardId: info.cardId, wallets: walletsForHost(ws, ctx.identity.deny, info.cardId, ctx.seconds(), true) });
  }
}
