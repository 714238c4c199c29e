/**
 * An operator CLI for Authlete's token management: every operation and bulk revocation from the shell.
 *
 * @since 0.1.0
 */

/**
 * The `authlete-tokens` command: its subcommands, `main` and exit codes.
 *
 * @since 0.1.0
 */
export * as AuthleteCli from "./AuthleteCli.js"
