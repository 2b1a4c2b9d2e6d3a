import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.local/**', 'out/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only libs/config reads the environment (CONVENTIONS.md: nothing else reads process.env).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @park/config.' },
      ],
    },
  },
  {
    files: ['libs/config/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'prisma.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Domain code carries no `any` (CONVENTIONS.md).
    files: ['libs/billing-domain/**/*.ts', 'libs/money/**/*.ts', 'libs/usage-domain/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
);
