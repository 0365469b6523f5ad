// sdk/README.md, 'A browser till' (typechecked, never run; entries.test.ts keeps it equal to the README).
declare const connectButton: HTMLButtonElement;
declare const cancelButton: HTMLButtonElement;
declare const status: HTMLElement;
// ---
import { Benefit, DeviceStatusError, Reader, TransportError, getReaders, requestReader } from '../../../sdk/index.js';

const ISSUER_ROOT = '8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c'; // the Region's root key
let reader: Reader | null = null;

connectButton.onclick = async () => {
  const [known] = await getReaders();              // allowed before: no prompt
  const device = known ?? (await requestReader()); // else the browser's chooser (needs this click)
  reader = await Reader.connect(device, { issuerRoot: ISSUER_ROOT });
  if (reader.lastInfo!.time === null) await reader.setTime();
};

async function sellCinemaTicket(ticket: string): Promise<void> {
  if (!reader) return;
  const requestId = reader.newRequestId();
  localStorage.setItem(`debit:${ticket}`, requestId); // keep it before the call: it is the recovery key
  const ac = new AbortController();
  cancelButton.onclick = () => ac.abort();
  try {
    const receipt = await reader.debit(
      { benefit: Benefit.CINEMA, units: 1, reference: ticket, requestId },
      {
        signal: ac.signal,
        onProgress: (p) => (status.textContent = p.stage === 'waiting-for-pin' ? `PIN: ${p.pinDigits} of 4` : p.stage),
      },
    );
    status.textContent = `Paid: ${receipt.benefitLabel}, ${receipt.balanceAfter} left; holder pays ${(receipt.copay ?? 0) / 100} €`;
    localStorage.setItem(`receipt:${ticket}`, receipt.hash);
  } catch (e) {
    if (e instanceof DeviceStatusError || e instanceof TransportError) status.textContent = e.message;
    else throw e;
  }
}

export { sellCinemaTicket };
