// Three tiers (CONVENTIONS.md): unit specs beside the code, integration tests against the real services.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  // jose 6 is ESM only: transformed to CommonJS like our own code (libs/auth/README.md)
  transform: { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: { '^@park/(.*)$': '<rootDir>/libs/$1/src' },
  testEnvironment: 'node',
};
module.exports = {
  // unit specs stay far below this; integration tests against real services need seconds, the fault test minutes
  testTimeout: 180_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/test/integration/**/*.test.ts',
        '<rootDir>/test/e2e/**/*.test.ts',
        '<rootDir>/test/browser/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    // npm run console:screenshots only (not part of npm test): PNGs of the console's screens
    {
      ...common,
      displayName: 'screenshots',
      testMatch: ['<rootDir>/test/browser/**/*.shots.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
