import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// ESLint does not merge the options of one rule across config objects: for each file
// the last object that sets `no-restricted-syntax` wins. So every object below that
// sets it lists all the selectors that apply to its files (decision 014).
const READ_FORM = [
  // A request body is read only through readForm (app/http/read-form.server.ts),
  // which bounds it before parsing (decision 012).
  {
    selector: "CallExpression[callee.property.name=/^(formData|text|json|arrayBuffer|blob)$/][callee.object.name=/^(request|req)$/]",
    message: "Read a form with readForm/parseForm (app/http/read-form.server.ts): it bounds the body before parsing.",
  },
  {
    selector: "MemberExpression[object.name=/^(request|req)$/][property.name='body']",
    message: "Read a form with readForm/parseForm (app/http/read-form.server.ts): it bounds the body before parsing.",
  },
];
const STATUS_LITERAL = [
  // Letter states are named in one module, with the rules that read them.
  {
    selector: "Literal[value=/^(DRAFT|OPEN|REVEALED|PUBLISHED|EXPIRED|CANCELLED)$/]",
    message:
      "Name a letter state through app/domain/letters/lifecycle.ts: LetterStatus.X, or better a predicate (acceptsSignatures, namesVisible…) or leavingFrom(…) for a guarded update.",
  },
];
const THROWN_RESPONSE = [
  // Below the routes a failure is a typed error; app/http maps it to HTTP in one place.
  {
    selector: "ThrowStatement > NewExpression[callee.name='Response']",
    message: "Throw an AppError (or NotFoundError) from app/errors.ts; app/http maps it to an HTTP response.",
  },
  {
    selector: "ThrowStatement > CallExpression[callee.object.name='Response']",
    message: "Throw an AppError (or NotFoundError) from app/errors.ts; app/http maps it to an HTTP response.",
  },
];
const restrictSyntax = (...groups) => ["error", ...groups.flat()];

const LIFECYCLE = "app/domain/letters/lifecycle.ts";
const READ_FORM_MODULE = "app/http/read-form.server.ts";
const BELOW_ROUTES = ["domain", "auth", "mail", "publishing", "crypto", "db", "lib", "config", "jobs"].map(
  (dir) => `app/${dir}/**/*.{ts,tsx}`,
);

// `~/x` or a relative path climbing to app/x.
const fromApp = (dir) => `^(~/|(\\.\\./)+)${dir}(/|$)`;

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
    // No import cycle in the app. The TypeScript resolver follows the `~/` alias
    // (tsconfig.json's paths); imports of types only are not cycles at run time.
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      // Which files import-x reads, and with which parser.
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
      // The generated Prisma client is not ours to untangle, and reading it is slow.
      "import-x/ignore": ["app/db/generated/"],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // Small files (comments and blank lines not counted): split by what each part does.
    files: ["app/**/*.{ts,tsx}"],
    rules: { "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }] },
  },

  // Layers: routes and components → domain → auth, mail, publishing, crypto, db.
  {
    files: ["app/routes/**/*.{ts,tsx}", "app/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: fromApp("db"), message: "Routes and components reach the database through a domain function (app/domain)." },
            { group: ["@prisma/*"], message: "Routes and components reach the database through a domain function (app/domain)." },
          ],
        },
      ],
    },
  },
  {
    files: ["auth", "mail", "publishing", "crypto", "db"].map((dir) => `app/${dir}/**/*.{ts,tsx}`),
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: fromApp("domain"),
              message:
                "The domain uses this layer, not the other way round: take what you need as a parameter, or move a pure helper to app/lib.",
            },
          ],
        },
      ],
    },
  },
  {
    // The one exception: the rate limits' plain-SQL upsert lives beside the plain-SQL
    // signing stores (SQLite's and PostgreSQL's), with the rest of decision 008's SQL (one home for it, issue 14).
    files: ["app/auth/rate-limit.server.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `${fromApp("domain")}(?!letters/signing-store/(sqlite|postgres)-rows\\.server$)`,
              message:
                "The domain uses this layer, not the other way round: take what you need as a parameter, or move a pure helper to app/lib.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["app/domain/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@remix-run/*"], message: "The domain knows no HTTP framework: return data or throw an AppError; routes map it." },
            {
              regex: fromApp("(routes|components)"),
              message: "The domain does not depend on pages: move what both need into the domain or app/lib.",
            },
          ],
        },
      ],
    },
  },

  // Selector rules, by file (see the note at the top).
  {
    files: ["app/**/*.{ts,tsx}"],
    ignores: [READ_FORM_MODULE, LIFECYCLE],
    rules: { "no-restricted-syntax": restrictSyntax(READ_FORM, STATUS_LITERAL) },
  },
  {
    files: [READ_FORM_MODULE],
    rules: { "no-restricted-syntax": restrictSyntax(STATUS_LITERAL) },
  },
  {
    files: BELOW_ROUTES,
    ignores: [LIFECYCLE],
    rules: { "no-restricted-syntax": restrictSyntax(READ_FORM, STATUS_LITERAL, THROWN_RESPONSE) },
  },
  {
    files: [LIFECYCLE],
    rules: { "no-restricted-syntax": restrictSyntax(READ_FORM, THROWN_RESPONSE) },
  },
  {
    // Command-line scripts, the server entry and tests may print.
    files: ["scripts/**", "server.js", "server/**", "tests/**", "bench/**"],
    rules: { "no-console": "off" },
  },
);
