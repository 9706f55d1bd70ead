import { useState } from 'react';
import { signIn } from './api';

/** Sign in with a human token (`baton token create --human`), or follow the link `baton serve` prints. */
export function Login({ onSignedIn, error }: { onSignedIn: () => void; error?: string }) {
  const [value, setValue] = useState('');
  return (
    <main className="login">
      <h1>Baton</h1>
      <p>
        Sign in with a token of this project: a human token lets you verify tickets; an agent token shows the
        board read-only for verification.
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!value.trim()) return;
          signIn(value);
          onSignedIn();
        }}
      >
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
