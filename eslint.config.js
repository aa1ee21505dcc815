// Lint rules that guard the architecture, not just style: the pure layers (models/, sim/) and
// the studies over them must never read the clock or Math.random, and imports point down only:
// models ← sim ← scenarios ← studies ← reports ← cli (each floor imports only floors below it).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const impure = [
  { object: "Math", property: "random", message: "models/, sim/ and studies/ are deterministic: draw from a seeded stream (sim/engine/random)." },
  { object: "Date", property: "now", message: "models/, sim/ and studies/ run on virtual time: take `now` as a parameter." },
  { object: "performance", property: "now", message: "models/, sim/ and studies/ run on virtual time: take `now` as a parameter." },
];

const layer = (files, forbidden) => ({
  files,
  rules: {
    "no-restricted-imports": ["error", {
      patterns: forbidden.map((group) => ({ group: [group], message: "Imports point down only (DESIGN §1)." })),
    }],
  },
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "results/**", "coverage/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    files: ["models/**/*.ts", "sim/**/*.ts", "studies/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", ...impure],
      "no-restricted-syntax": ["error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "No wall clock in models/, sim/ or studies/." }],
    },
  },
  {
    files: ["models/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/sim/**", "**/scenarios/**", "**/studies/**", "**/reports/**", "**/cli/**", "../sim*", "../scenarios*", "../studies*", "../reports*", "../cli*"], message: "models/ imports nothing of the project (DESIGN §1)." },
          { group: ["node:*", "fs", "path", "os", "worker_threads", "child_process"], message: "models/ does no IO." },
        ],
      }],
    },
  },
  layer(["sim/**/*.ts"], ["**/scenarios/**", "**/studies/**", "**/reports/**", "**/cli/**"]),
  layer(["scenarios/**/*.ts"], ["**/studies/**", "**/reports/**", "**/cli/**"]),
  layer(["studies/**/*.ts"], ["**/reports/**", "**/cli/**"]),
  layer(["reports/**/*.ts"], ["**/cli/**"]),
  // After the sim/ floor's rule: for one file the last matching rule wins, and the engine's is the
  // stricter one. A relative import may climb only as far as sim/engine/ itself, at any depth.
  ...[0, 1, 2].map((depth) => ({
    files: [`sim/engine/${"*/".repeat(depth)}*.ts`],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/models/**", "**/scenarios/**", "**/studies/**", "**/reports/**", "**/cli/**", `${"../".repeat(depth + 1)}*`, `!${"../".repeat(depth + 1)}engine/*`], message: "sim/engine imports nothing but itself (DESIGN §1)." },
        ],
      }],
    },
  })),
  // The platform is a component the sender, tests and the emulator drive from outside: it
  // reaches the business side only through PlatformListener, never by import. (After the sim/
  // floor's rule, which it replaces for these files: hence the floor's patterns again.)
  {
    files: ["sim/platform/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/sender/**", "../sender*"], message: "sim/platform never imports sim/sender: the business side hears it through PlatformListener." },
          { group: ["**/scenarios/**", "**/studies/**", "**/reports/**", "**/cli/**"], message: "Imports point down only (DESIGN §1)." },
        ],
      }],
    },
  },
);
