// Writes the dashboard's app icons (public/icons/*.png) with nothing but zlib: a speech
// bubble on the accent colour. Run `node apps/dashboard/scripts/make-icons.mjs` after a change.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const ACCENT = [0x0b, 0x5c, 0xd5];
const WHITE = [0xff, 0xff, 0xff];
const OUT = new URL('../public/icons/', import.meta.url);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of `size`² whose pixel colour `paint(x, y)` returns ([r,g,b,a]). */
function png(size, paint) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(paint(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The bubble in unit coordinates (0..1): an ellipse with a tail at the lower left. */
function inBubble(u, v) {
  const ellipse = ((u - 0.5) / 0.34) ** 2 + ((v - 0.46) / 0.26) ** 2 <= 1;
  const tail = v >= 0.6 && v <= 0.8 && u >= 0.28 && u <= 0.44 && u - 0.28 <= (0.8 - v) * 0.8;
  return ellipse || tail;
}

/**
 * `inset` shrinks the drawing toward the centre (the maskable icon keeps it in the safe
 * zone); `rounded` cuts the corners of the plain icon.
 */
function icon(size, { inset, rounded }) {
  const radius = size * 0.18;
  return png(size, (x, y) => {
    if (rounded) {
      const cx = Math.min(Math.max(x + 0.5, radius), size - radius);
      const cy = Math.min(Math.max(y + 0.5, radius), size - radius);
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 > radius ** 2) return [0, 0, 0, 0];
    }
    const u = ((x + 0.5) / size - 0.5) / (1 - 2 * inset) + 0.5;
    const v = ((y + 0.5) / size - 0.5) / (1 - 2 * inset) + 0.5;
    return [...(inBubble(u, v) ? WHITE : ACCENT), 255];
  });
}

mkdirSync(OUT, { recursive: true });
writeFileSync(new URL('icon192.png', OUT), icon(192, { inset: 0.04, rounded: true }));
writeFileSync(new URL('icon512.png', OUT), icon(512, { inset: 0.04, rounded: true }));
writeFileSync(new URL('maskable512.png', OUT), icon(512, { inset: 0.14, rounded: false }));
