declare module 'edmonds-blossom' {
  /**
   * Maximum-weight matching (Edmonds' blossom, port of Joris van Rantwijk's mwmatching.py).
   * @param edges `[i, j, weight]` with vertex numbers 0…n-1; integer weights keep it exact
   * @param maxCardinality true: the heaviest among the maximum-cardinality matchings
   * @returns `mate[v]` = partner of v or -1 (length = highest vertex number in `edges` + 1; `[]` for no edges)
   */
  function blossom(edges: [number, number, number][], maxCardinality?: boolean): number[];
  export = blossom;
}
