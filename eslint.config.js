// Lint rules that guard the architecture, not just style: the pure layers
// (models/, sim/) must never read the clock or Math.random, and imports point down only.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const impure = [
  { object: "Math", property: "random", message: "models/ and sim/ are deterministic: draw from a seeded stream (sim/engine/random)." },
  { object: "Date", property: "now", message: "models/ and sim/ run on virtual time: take `now` as a parameter." },
  { object: "performance", property: "now", message: "models/ and sim/ run on virtual time: take `now` as a parameter." },
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
    files: ["models/**/*.ts", "sim/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", ...impure],
      "no-restricted-syntax": ["error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "No wall clock in models/ or sim/." }],
    },
  },
  {
    files: ["models/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/sim/**", "**/scenarios/**", "**/reports/**", "**/cli/**", "../sim*", "../scenarios*", "../reports*", "../cli*"], message: "models/ imports nothing of the project (DESIGN §1)." },
          { group: ["node:*", "fs", "path", "os", "worker_threads", "child_process"], message: "models/ does no IO." },
        ],
      }],
    },
  },
  {
    files: ["sim/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/models/**", "../../models*", "**/scenarios/**", "**/reports/**", "**/cli/**", "../*", "!../engine/*"], message: "sim/engine imports nothing but itself (DESIGN §1)." },
        ],
      }],
    },
  },
  layer(["sim/**/*.ts"], ["**/scenarios/**", "**/reports/**", "**/cli/**"]),
  layer(["scenarios/**/*.ts"], ["**/reports/**", "**/cli/**"]),
  layer(["reports/**/*.ts"], ["**/cli/**"]),
  // The platform is a component the sender, tests and the emulator drive from outside: it
  // reaches the business side only through PlatformListener, never by import.
  {
    files: ["sim/platform/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/sender/**", "../sender*"], message: "sim/platform never imports sim/sender: the business side hears it through PlatformListener." },
          { group: ["**/scenarios/**", "**/reports/**", "**/cli/**"], message: "Imports point down only (DESIGN §1)." },
        ],
      }],
    },
  },
);
