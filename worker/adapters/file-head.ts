// The first bytes of a file as latin1 text (one char per byte), for sniffing a header block or an XML root
// without reading the whole file: Message-IDs, MeMo messageUUIDs, a mail's declared charset.
import { open } from 'node:fs/promises';

export async function readFileHead(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}
