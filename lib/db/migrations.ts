/**
 * Ordered schema migrations for Flightdeck's own data. Append only: never edit a
 * migration that has shipped. Statements are run one by one (PGlite and pg both accept
 * single statements with parameters).
 */
export interface Migration {
  id: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [];
