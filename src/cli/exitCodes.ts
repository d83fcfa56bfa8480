/** Exit codes shared by every relucert command (documented in docs/cli.md). */
export const ExitCode = {
  /** ok / holds / valid */
  ok: 0,
  /** violated / invalid */
  negative: 1,
  /** bad input or usage */
  badInput: 2,
  /** unknown: a limit or timeout was reached */
  unknown: 3,
  /** an internal error (a bug in relucert) */
  internal: 4,
  /** interrupted by SIGINT or SIGTERM (128 + 2, the shell's code for Ctrl-C); what was done so far is printed */
  interrupted: 130,
} as const;
