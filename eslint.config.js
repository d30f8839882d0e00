import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "node_modules/", "app/db/generated/", "test-results/", "var/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{js,mjs,ts,tsx}"],
    languageOptions: { globals: { ...globals.node } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Logs go through app/log.server.ts, which scrubs addresses and tokens.
      "no-console": "error",
    },
  },
  {
    // A request body is read only through readForm (app/http/read-form.server.ts),
    // which bounds it before parsing (decision 012).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/http/read-form.server.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(formData|text|json|arrayBuffer|blob)$/][callee.object.name=/^(request|req)$/]",
          message: "Read a form with readForm/parseForm (app/http/read-form.server.ts): it bounds the body before parsing.",
        },
        {
          selector: "MemberExpression[object.name=/^(request|req)$/][property.name='body']",
          message: "Read a form with readForm/parseForm (app/http/read-form.server.ts): it bounds the body before parsing.",
        },
      ],
    },
  },
  {
    // Command-line scripts, the server entry and tests may print.
    files: ["scripts/**", "server.js", "server/**", "tests/**", "bench/**"],
    rules: { "no-console": "off" },
  },
);
