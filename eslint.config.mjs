// The house rules, enforced: `npm run lint` and `.ci/run` fail on a broken one.
// The architecture rules below are the layer plan of the README's "Where to look": each block names the
// imports a folder may not make, so an arrow that runs the wrong way fails CI instead of waiting for review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const luxon = { name: 'luxon', message: 'Time goes through src/time.ts, the one module that imports luxon.' };
const prisma = {
  regex: '^@prisma/|(^|/)generated/prisma',
  message: 'Only src/store talks to the database; use the Store.',
};
const devTooling = {
  regex: '^(\\.\\./)+dev(/|$)',
  message: 'dev/ (fake Slack, local stack, signing, transcript) is tooling; the product in src/ never imports it.',
};
const slackPackages = { regex: '^@slack/', message: 'This layer is Slack-free: Slack belongs in src/slack.' };
const slackWing = { regex: '^(\\.\\./)+slack(/|$)', message: 'This layer is Slack-free: it must not import src/slack.' };
const aboveSlack = {
  regex: '^(\\.\\./)+(app|routes|jobs)(/|$)',
  message: 'Imports run down the floors (app → routes, jobs → slack → core → store → zoom), never up.',
};
const aboveCore = { regex: '^(\\.\\./)+(app|routes|jobs|core|slack)(/|$)', message: aboveSlack.message };

/** src/zoom is a client library: nothing outside src/zoom, at whatever depth the file sits. */
function outsideZoom(depth) {
  return { regex: `^(\\.\\./){${depth + 1},}`, message: 'src/zoom imports nothing outside src/zoom.' };
}

function restrict(files, { paths = [], patterns = [] }) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } };
}

const zoomLayer = (files, depth, allowLuxon = false) =>
  restrict(files, { paths: allowLuxon ? [] : [luxon], patterns: [prisma, devTooling, slackPackages, outsideZoom(depth)] });

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'src/zoom/openapi/**', 'prisma/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        WebAssembly: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  // Tests probe Block Kit and Zoom JSON by shape; `any` there reads better than a cast per property.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Every later block for src/ repeats the rules that apply to all of src/, because a block's
  // no-restricted-imports replaces, not extends, an earlier one for the same file.
  restrict(['src/**/*.ts'], { paths: [luxon], patterns: [prisma, devTooling] }),
  restrict(['src/time.ts'], { patterns: [prisma, devTooling] }),
  restrict(['src/store/**/*.ts'], { paths: [luxon], patterns: [devTooling, aboveCore] }),
  restrict(['src/core/**/*.ts'], { paths: [luxon], patterns: [prisma, devTooling, slackPackages, slackWing, aboveSlack] }),
  restrict(['src/slack/**/*.ts'], { paths: [luxon], patterns: [prisma, devTooling, aboveSlack] }),
  // Handlers get their collaborators from src/app.ts (slack/deps.ts SlackDeps), never the store or config.
  restrict(['src/slack/listeners/**/*.ts', 'src/slack/flows/**/*.ts'], {
    paths: [luxon],
    patterns: [
      prisma,
      devTooling,
      aboveSlack,
      {
        regex: '^(\\.\\./)+(store|config)(/|$)',
        message: 'A Slack handler is handed its collaborators (slack/deps.ts); it never reaches the store or config.',
      },
    ],
  }),
  // One door per cross-cutting act: Slack messages are written by src/slack/web/post.ts only.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/slack/web/post.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.property.name='chat'][property.name=/^(postMessage|update|postEphemeral|unfurl)$/]",
          message: 'Slack messages go through src/slack/web/post.ts (postMessage, updateMessage, postEphemeral, unfurlLinks).',
        },
      ],
    },
  },
  zoomLayer(['src/zoom/*.ts'], 0),
  zoomLayer(['src/zoom/*/*.ts'], 1),
  // The Zoom mock stands in for Zoom's servers and keeps its own clock helpers (src/zoom/mock/time.ts);
  // reaching src/time.ts would break "src/zoom imports nothing outside src/zoom".
  zoomLayer(['src/zoom/mock/*.ts'], 1, true),
  zoomLayer(['src/zoom/mock/*/*.ts'], 2, true),
);
