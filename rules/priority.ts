// Priority bands that place routing-table rules and json-rules-engine rules on one scale.
// Higher runs first; equal priorities keep file order (content routes, KLE routes, then rules).

export const PRIORITY = {
  /** contentRoutes: the table says they come before any KLE route. */
  content: 300,
  /** json-rules-engine rules without a `priority`: after content routes, before KLE routes. */
  custom: 250,
  /** kleRoutes by specificity, so the most specific pattern wins. */
  emne: 200,
  group: 150,
  hovedgruppe: 100,
} as const;
