/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // swc strips types only; `tsc --noEmit` in `npm test` does the type checking.
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // `feed` 6 ships as ES modules only, so it goes through the same transform.
  transformIgnorePatterns: ['/node_modules/(?!(feed)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
