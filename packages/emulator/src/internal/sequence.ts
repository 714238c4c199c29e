/**
 * Records in creation order, kept up to date by each write: an unrolled list (chunks of at most `chunkSize` records,
 * ascending `seq`, their lengths also kept side by side). Appending costs O(1), inserting or removing one record a
 * binary search and one chunk, and a page at any position a sum over the chunk lengths (about 2,000 numbers in one
 * array for a million records, a microsecond or two) plus the page.
 */

const chunkSize = 512

/** What a sequence holds: records with a creation order. */
export interface Ordered {
  readonly seq: number
}

/** A mutable sequence of records by ascending `seq`; owned by the store, changed only inside its atomic updates. */
export class Sequence<A extends Ordered> {
  private readonly chunks: Array<Array<A>> = []
  /** `lengths[i] === chunks[i].length`, contiguous: finding a position reads no chunk. */
  private readonly lengths: Array<number> = []
  private count = 0

  /** `key`: what the sequence is the index entry of, when the records share it (a subject). */
  constructor(readonly key: string = "") {}

  /** Number of records. */
  get size(): number {
    return this.count
  }

  /** Adds a record at its place (at the end, in O(1), for a new record). */
  insert(record: A): void {
    this.count++
    const lastIndex = this.chunks.length - 1
    const last = this.chunks[lastIndex]
    if (last === undefined || last[last.length - 1].seq < record.seq) {
      if (last === undefined || last.length >= chunkSize) {
        this.chunks.push([record])
        this.lengths.push(1)
      } else {
        last.push(record)
        this.lengths[lastIndex]++
      }
      return
    }
    const c = this.chunkOf(record.seq)
    const chunk = this.chunks[c]
    chunk.splice(positionIn(chunk, record.seq), 0, record)
    this.lengths[c]++
    if (chunk.length > 2 * chunkSize) {
      this.chunks.splice(c, 1, chunk.slice(0, chunkSize), chunk.slice(chunkSize))
      this.lengths.splice(c, 1, chunkSize, chunk.length - chunkSize)
    }
  }

  /** Removes the record with this `seq`; answers whether there was one. */
  remove(seq: number): boolean {
    const c = this.chunkOf(seq)
    const chunk = this.chunks[c]
    if (chunk === undefined) return false
    const i = positionIn(chunk, seq)
    if (chunk[i]?.seq !== seq) return false
    this.count--
    if (chunk.length === 1) {
      this.chunks.splice(c, 1)
      this.lengths.splice(c, 1)
    } else {
      chunk.splice(i, 1)
      this.lengths[c]--
    }
    return true
  }

  /** The records at positions `start` (inclusive) to `end` (exclusive), clamped to the sequence. */
  slice(start: number, end: number): Array<A> {
    const out: Array<A> = []
    let c = 0
    let offset = 0
    while (c < this.lengths.length && offset + this.lengths[c] <= start) offset += this.lengths[c++]
    for (; c < this.chunks.length && offset < end; c++) {
      const chunk = this.chunks[c]
      for (let i = Math.max(0, start - offset); i < chunk.length && offset + i < end; i++) out.push(chunk[i])
      offset += chunk.length
    }
    return out
  }

  /** The records that satisfy `keep`, in order. */
  filter(keep: (record: A) => boolean): Array<A> {
    const out: Array<A> = []
    for (const chunk of this.chunks) {
      for (const record of chunk) if (keep(record)) out.push(record)
    }
    return out
  }

  /** Every record, in order. */
  toArray(): Array<A> {
    return this.chunks.flat()
  }

  /** The index of the chunk that holds `seq` or would hold it (`chunks.length` when after the last). */
  private chunkOf(seq: number): number {
    let low = 0
    let high = this.chunks.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const chunk = this.chunks[middle]
      if (chunk[chunk.length - 1].seq < seq) low = middle + 1
      else high = middle
    }
    return low
  }
}

/** The position of the first record of `chunk` whose `seq` is at least `seq`. */
const positionIn = (chunk: ReadonlyArray<Ordered>, seq: number): number => {
  let low = 0
  let high = chunk.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (chunk[middle].seq < seq) low = middle + 1
    else high = middle
  }
  return low
}
