import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "fixtures/", "artifacts/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        // Rest destructuring leaves out fields by naming them "_…".
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The core is pure: no I/O, no clock, no imports from the shells around it.
    files: ["src/core/**/*.ts"],
    ignores: ["src/core/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "child_process", "http"],
              message: "src/core is pure: no I/O.",
            },
            {
              group: [
                "../formats/*",
                "../cli/*",
                "../store/*",
                "../api/*",
                "../web/*",
                "../server*",
              ],
              message: "src/core depends on nothing outside it.",
            },
          ],
        },
      ],
      "no-restricted-globals": ["error", "Date", "process", "setTimeout", "fetch"],
      "no-restricted-properties": ["error", { object: "Math", property: "random" }],
    },
  },
  {
    files: ["src/formats/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../cli/*", "../store/*", "../api/*", "../web/*"],
              message: "formats depend only on core.",
            },
          ],
        },
      ],
    },
  },
);
