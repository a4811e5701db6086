/** Reads a PNG's signature and IHDR chunk: width and height, or throws if it is not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(signature)) throw new Error('not a PNG: bad signature');
  if (png.subarray(12, 16).toString('ascii') !== 'IHDR') throw new Error('not a PNG: first chunk is not IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
