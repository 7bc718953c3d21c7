import { acceptInvitation, signInWithPasskey } from '../lib/passkeys.js';
import { Outcome } from '../lib/ui.js';
import { useAction } from '../lib/use.js';

/** Sign-in with a passkey; with an invitation code in the link, making the passkey first. */
export function SignIn({ invitation }: { invitation: string | undefined }) {
  const { busy, message, run } = useAction();
  return (
    <main id="main" class="sign-in">
      <h1>Tessera console</h1>
      {invitation === undefined ? (
        <>
          <p>Operator and partner staff sign in with their passkey.</p>
          <button
            type="button"
            disabled={busy}
            onClick={() => run(async () => `Signed in as ${(await signInWithPasskey()).name}.`)}
          >
            Sign in with a passkey
          </button>
        </>
      ) : (
        <>
          <p>You were invited to the console. Make a passkey on this device to accept.</p>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              run(async () => {
                const session = await acceptInvitation(invitation);
                location.hash = '#/';
                return `Welcome, ${session.name}.`;
              })
            }
          >
            Make a passkey and join
          </button>
        </>
      )}
      <Outcome message={message} />
    </main>
  );
}
