export { aliasFor, ENV_NAME_ALIASES, type EnvNameAlias } from './alias-table';
export type { EnvNameEntry } from './env-name-list';
export {
  builtInEnvNames,
  type DeclaredEnvName,
  indexEnvNames,
  type KnownNames,
  knownEnvNames,
  type NameCandidate,
} from './known-env-names';
export { osaDistance } from './osa-distance';
export { type EnvNameVerdict, suggestEnvName } from './suggest-env-name';
export { envNameTokens, FILLER_TOKENS, fillerTokenDifference } from './token-match';
export { typoBound } from './typo-bound';
