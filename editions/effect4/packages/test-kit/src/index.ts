/**
 * @since 1.0.0
 */

/**
 * The contract suite every `TokenManagement` layer passes. Import it from test files only:
 * `import * as ContractSuite from "@effect-authlete/test-kit/ContractSuite"` (it registers vitest tests).
 *
 * @since 1.0.0
 */
export type * as ContractSuite from "./ContractSuite.js"
