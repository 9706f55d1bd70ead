// One process of a claim race: authenticates its tokens, waits for the common start time, then claims the
// same ticket with all of them at once. Prints what each claim came to.
import { Board, Store, authenticate } from '../../../dist/store/index.js';

const [location, ticket, startAt, ...tokens] = process.argv.slice(2);
const store = await Store.open(location);
const principals = await Promise.all(tokens.map((token) => authenticate(store, token)));
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const results = await Promise.all(
  principals.map((principal) =>
    new Board(store, principal).claim(Number(ticket)).then(
      () => 'won',
      (error) => error.code ?? String(error),
    ),
  ),
);
await store.close();
process.stdout.write(JSON.stringify(results));
