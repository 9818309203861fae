import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** typescript-eslint's recommended rules, type-aware where a promise could be dropped unawaited. */
export default tseslint.config(
  { ignores: ["dist/", "data/", "test-results/", "node_modules/", "schema/generated/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      // `_name` marks a parameter or binding left unused on purpose (a resolver's argument, a dropped key).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // A server's handler may read a variable its start-up assigns later.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  // Tests read JSON answers of many shapes; typing each would only restate the query.
  { files: ["test/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  // Plain JavaScript (configuration, loader hooks) runs in Node as it is: no types to check.
  {
    files: ["**/*.{js,cjs,mjs}"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { module: "writable", require: "readonly", process: "readonly" },
    },
  },
);
