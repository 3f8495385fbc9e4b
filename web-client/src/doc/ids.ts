// Client-generated ids for ops and new nodes. The server accepts 1 to 128 (op ids) or 1 to 64
// (node ids) characters of letters, digits and `_ - . :`; these stay far below both.

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function randomPart(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let result = '';
  for (const byte of bytes) {
    result += ALPHABET[byte % ALPHABET.length];
  }
  return result;
}

/** Identifies this browser tab, so op ids of two tabs of the same user never collide. */
export const CLIENT_ID = randomPart(10);

let opCounter = 0;

export function newOpId(): string {
  opCounter += 1;
  return `${CLIENT_ID}:${opCounter.toString(36)}`;
}

export function newBatchId(): string {
  return `b-${CLIENT_ID}-${randomPart(6)}`;
}

export function newNodeId(): string {
  return `n-${randomPart(12)}`;
}
