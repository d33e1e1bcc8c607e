// Protobuf wire-format recognition. PURE.

/**
 * Protobuf wire format, conservatively: the bytes parse as ≥ 2 well-formed fields up to their
 * end (the last one may be cut when `truncated`: the bytes are the start of a longer payload).
 */
export function looksLikeProtobuf(bytes: ArrayLike<number>, truncated: boolean): boolean {
  let i = 0;
  let fields = 0;
  const n = bytes.length;
  const varint = (): number | undefined => {
    let v = 0;
    let mul = 1;
    for (let k = 0; k < 10; k++) {
      if (i >= n) return undefined;
      const b = bytes[i++] & 0xff;
      v += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return v;
      mul *= 128;
    }
    return undefined;
  };
  while (i < n) {
    const tag = varint();
    if (tag === undefined) return truncated && fields >= 2;
    const wire = tag % 8;
    const field = Math.floor(tag / 8);
    if (field < 1 || field > 536870911) return false;
    if (wire === 0) {
      if (varint() === undefined) return truncated && fields >= 2;
    } else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = varint();
      if (len === undefined) return truncated && fields >= 2;
      i += len;
    } else return false; // groups (3, 4) are obsolete, 6 and 7 do not exist
    if (i > n) return truncated && fields >= 2;
    fields++;
  }
  return fields >= 2;
}
