// ESLint 9 flat config: the project's rules in code, not in comments (issue 12 point 6).
// Type-aware rules run on src/ only (the program is built once); tests get the syntactic rules.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Core layers know nothing of the command line: no import from src/commands, src/app or src/cli. */
const CORE_MAY_NOT_IMPORT = [
  {
    group: ['**/commands/*', '**/commands/**', '**/app/*', '**/cli/*', '**/cli/**'],
    message: 'the core (analysis, sources, tunnel) knows nothing of the command line: throw a DomainError, and let src/app or src/cli name the flag',
  },
]

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'examples/**', 'templates/**', 'test/fixtures/**', 'bench/**', 'docs/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        fetch: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        NodeJS: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
      // Non-null assertions follow checks the compiler cannot see (indexes into arrays just tested); the project uses them on purpose.
      '@typescript-eslint/no-non-null-assertion': 'off',
      eqeqeq: ['error', 'always'],
      'max-len': ['error', {code: 200, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreComments: false}],
    },
  },
  {
    files: ['src/**/*.ts'],
    languageOptions: {parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname}},
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', {checksVoidReturn: false}],
    },
  },
  {files: ['src/analysis/**/*.ts', 'src/sources/**/*.ts', 'src/tunnel/**/*.ts'], rules: {'no-restricted-imports': ['error', {patterns: CORE_MAY_NOT_IMPORT}]}},
  {
    files: ['src/app/**/*.ts'],
    rules: {'no-restricted-imports': ['error', {patterns: [{group: ['**/commands/*', '**/commands/**'], message: 'src/app serves the commands; it never imports one'}]}]},
  },
  {
    files: ['src/commands/*.ts'],
    rules: {'no-restricted-imports': ['error', {patterns: [{group: ['./*'], message: 'a command never imports another command: share through src/app or src/cli'}]}]},
  },
  {
    files: ['src/commands/*/*.ts'],
    rules: {'no-restricted-imports': ['error', {patterns: [{regex: '^\\.\\.?/[^./][^/]*$', message: 'a command never imports another command: share through src/app or src/cli'}]}]},
  },
  {
    // Tests are not module boundaries: parsed JSON documents may stay loosely typed there.
    files: ['test/**/*.ts'],
    // Hostile-input tests match control characters on purpose.
    rules: {'@typescript-eslint/no-explicit-any': 'off', 'no-control-regex': 'off'},
  },
  {files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked},
)
