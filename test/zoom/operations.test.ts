/**
 * The operation table is read from the spec without building any response parser: a process that connects an
 * account (one or two operations) must not build the parsers of all the others, and zod itself waits for the
 * first parse. Each test gets its own module registry, so "zod loaded" means loaded by what that test did.
 */
import type * as Operations from '../../src/zoom/operations';

function freshOperations(): { operations: typeof Operations; zodLoaded: () => boolean } {
  let loaded = false;
  let operations: typeof Operations | undefined;
  jest.isolateModules(() => {
    jest.doMock('zod', () => {
      loaded = true;
      return jest.requireActual<typeof import('zod')>('zod');
    });
    operations = require('../../src/zoom/operations') as typeof Operations;
  });
  return { operations: operations!, zodLoaded: () => loaded };
}

afterEach(() => jest.dontMock('zod'));

it('builds the table without loading zod or building a parser', () => {
  const { operations, zodLoaded } = freshOperations();
  const listSchedules = operations.operationSpec('list_schedules');
  expect(listSchedules).toMatchObject({ method: 'GET', pathTemplate: '/scheduler/schedules' });
  expect(operations.operationSpec('users_me').pathTemplate).toBe('/users/me');
  expect(typeof listSchedules.responseParser).toBe('function');
  expect(zodLoaded()).toBe(false);
});

it("builds one operation's parser at its first use, once, and that parser parses leniently", () => {
  const { operations, zodLoaded } = freshOperations();
  const getUser = operations.operationSpec('get_user');
  const parser = getUser.responseParser!();
  expect(zodLoaded()).toBe(true);
  expect(getUser.responseParser!()).toBe(parser);
  // Another operation's parser is a different one, built on its own first use.
  expect(operations.operationSpec('get_schedule').responseParser!()).not.toBe(parser);
  expect(parser.parse({ time_zone: 'Europe/Paris', slug: null, extra: 1 })).toEqual({ time_zone: 'Europe/Paris', extra: 1 });
});

it('leaves 204 operations without a parser', () => {
  const { operations } = freshOperations();
  expect(operations.operationSpec('delete_schedules').responseParser).toBeUndefined();
});
