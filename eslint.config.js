// ESLint flat config: TypeScript rules, Prettier owns formatting, and the architecture's seams.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    // assembly/ is AssemblyScript (its own types: usize, v128…), compiled by asc, not tsc.
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'tmp/',
      'bench/tmp/',
      'assembly/',
      '**/*.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The UI never imports TensorFlow.js, and sees the worker only through types.
    files: ['src/ui/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'The UI never imports TensorFlow.js.' },
            {
              group: ['**/worker/**', '!**/worker/api.ts'],
              message: 'The UI talks to the worker only through worker-client.ts.',
            },
            {
              group: ['**/worker/api.ts'],
              allowTypeImports: true,
              message: 'Import the worker API as a type only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shared code runs on both threads: no DOM, no worker globals, no TF.js.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@tensorflow/*', 'lit', 'lit/*', '**/ui/**', '**/worker/**'] },
      ],
    },
  },
);
