// Aho–Corasick over UTF-16 code units: which of many literals occur in a text, in one pass over it.
// Occurrence means exactly `text.includes(literal)`, so the candidate index can use the same
// normalised strings the containsText / containsIgnoreCase operators compare.

export class LiteralMatcher {
  /** Per state: code unit → next state. */
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Per state: the literal ids that end here. */
  private readonly ends: number[][] = [[]];
  /** Per state: nearest state along the failure chain that ends a literal (-1: none). */
  private readonly outputLink: number[] = [-1];
  private readonly literals: string[] = [];
  private built = false;

  /** Adds a non-empty literal and returns its id (the same literal twice gets the same id). */
  add(literal: string): number {
    if (literal.length === 0) throw new Error('an empty literal occurs everywhere; do not index it');
    if (this.built) throw new Error('LiteralMatcher: add() after build()');
    let state = 0;
    for (let i = 0; i < literal.length; i += 1) {
      const code = literal.charCodeAt(i);
      let to = this.next[state]?.get(code);
      if (to === undefined) {
        to = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.ends.push([]);
        this.outputLink.push(-1);
        this.next[state]?.set(code, to);
      }
      state = to;
    }
    const ends = this.ends[state] as number[];
    if (ends.length > 0) return ends[0] as number;
    const id = this.literals.length;
    this.literals.push(literal);
    ends.push(id);
    return id;
  }

  get size(): number {
    return this.literals.length;
  }

  literal(id: number): string {
    return this.literals[id] ?? '';
  }

  /** Computes failure and output links (breadth first). */
  build(): this {
    const queue: number[] = [];
    for (const child of (this.next[0] as Map<number, number>).values()) {
      this.fail[child] = 0;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head += 1) {
      const state = queue[head] as number;
      for (const [code, child] of this.next[state] as Map<number, number>) {
        let f = this.fail[state] as number;
        while (f !== 0 && !(this.next[f] as Map<number, number>).has(code)) f = this.fail[f] as number;
        const target = (this.next[f] as Map<number, number>).get(code);
        const failTo = target !== undefined && target !== child ? target : 0;
        this.fail[child] = failTo;
        this.outputLink[child] = (this.ends[failTo] as number[]).length > 0 ? failTo : (this.outputLink[failTo] as number);
        queue.push(child);
      }
    }
    this.built = true;
    return this;
  }

  /** Calls `found` once per literal id occurring in `text` (possibly more than once per id). */
  scan(text: string, found: (id: number) => void): void {
    if (!this.built) this.build();
    const next = this.next;
    const fail = this.fail;
    let state = 0;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      let to = (next[state] as Map<number, number>).get(code);
      while (to === undefined && state !== 0) {
        state = fail[state] as number;
        to = (next[state] as Map<number, number>).get(code);
      }
      state = to ?? 0;
      for (let out = (this.ends[state] as number[]).length > 0 ? state : (this.outputLink[state] as number); out > 0; out = this.outputLink[out] as number) {
        for (const id of this.ends[out] as number[]) found(id);
      }
    }
  }
}
