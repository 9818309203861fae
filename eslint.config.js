import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** typescript-eslint's recommended rules, type-aware where a promise could be dropped unawaited. */
export default tseslint.config(
  { ignores: ["dist/", "data/", "test-results/", "node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { "@typescript-eslint/no-floating-promises": "error" },
  },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
