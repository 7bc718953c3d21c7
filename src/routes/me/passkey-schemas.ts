import { z } from '@hono/zod-openapi';
import { timestamp } from '../schemas.js';

const base64url = (description: string, example: string) =>
  z
    .string()
    .max(16_384)
    .regex(/^[A-Za-z0-9_-]*$/, 'must be base64url')
    .openapi({ description: `${description} (base64url).`, example });

const challengeToken = z.string().max(2048).openapi({
  description: 'The `challengeToken` of the options this credential answers.',
  example: 'eyJhbGciOiJFUzI1NiIs…',
});

const credentialId = base64url('The credential id', 'q0Rm3WbkTjyD4sHqdu9T0A');

export const passkeySchema = z
  .object({
    id: z.string().openapi({ description: 'The passkey.', example: 'pkey_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
    name: z.string().openapi({ description: 'What the member calls it.', example: 'iPhone' }),
    algorithm: z
      .enum(['ES256', 'EdDSA', 'RS256'])
      .openapi({ description: 'The signature algorithm of its key.', example: 'ES256' }),
    backedUp: z.boolean().openapi({
      description: 'Whether the passkey is synced to a backup (iCloud Keychain, Google Password Manager…).',
      example: true,
    }),
    transports: z
      .array(z.string().openapi({ description: 'A transport.', example: 'internal' }))
      .openapi({ description: 'How the browser reaches the authenticator, as it reported.' }),
    createdAt: timestamp('When it was registered'),
    lastUsedAt: timestamp('When it last signed the member in').nullable(),
  })
  .openapi('Passkey');

const ceremony = {
  challengeToken: z.string().openapi({
    description:
      'The challenge, signed by the network with its purpose and end: send it back with the credential. It works once, for 5 minutes.',
    example: 'eyJhbGciOiJFUzI1NiIs…',
  }),
  expiresAt: timestamp('When the challenge stops being accepted'),
};

const credentialDescriptor = z.object({
  type: z.literal('public-key').openapi({ description: 'Always public-key.', example: 'public-key' }),
  id: credentialId,
  transports: z
    .array(z.string().openapi({ description: 'A transport.', example: 'internal' }))
    .openapi({ description: 'How the browser reaches the authenticator.' }),
});

export const registrationOptionsSchema = z
  .object({
    ...ceremony,
    publicKey: z
      .object({
        challenge: base64url('What the authenticator signs', 'xQv3vC0q7c9U9RzG4y0K8w0oXf7E1n9mGm2a4r5k6Jc'),
        rp: z
          .object({
            id: z.string().openapi({
              description: 'The relying party id (WEBAUTHN_RP_ID).',
              example: 'wallet.tessera.example',
            }),
            name: z.string().openapi({ description: 'Its name (WEBAUTHN_RP_NAME).', example: 'Tessera' }),
          })
          .openapi({ description: 'Who the passkey is for.' }),
        user: z
          .object({
            id: base64url(
              'The user handle: the member id, no personal data',
              'bWVtXzAxSkQzWjZXM1JNMEUyRjJXQjdHMEszVDlR',
            ),
            name: z
              .string()
              .openapi({ description: 'The member id.', example: 'mem_01JD3Z6W3RM0E2F2WB7G0K3T9Q' }),
            displayName: z
              .string()
              .openapi({ description: 'The display name of the profile, if any.', example: 'Jana' }),
          })
          .openapi({ description: 'Whose passkey it is.' }),
        pubKeyCredParams: z
          .array(
            z.object({
              type: z
                .literal('public-key')
                .openapi({ description: 'Always public-key.', example: 'public-key' }),
              alg: z
                .number()
                .int()
                .openapi({ description: 'A COSE algorithm: -7 ES256, -8 EdDSA, -257 RS256.', example: -7 }),
            }),
          )
          .openapi({ description: 'The key types accepted, preferred first.' }),
        timeout: z
          .number()
          .int()
          .openapi({ description: 'Milliseconds the browser may wait.', example: 300000 }),
        attestation: z
          .literal('none')
          .openapi({ description: 'No attestation is asked for.', example: 'none' }),
        authenticatorSelection: z
          .object({
            residentKey: z.literal('required').openapi({
              description: 'A discoverable passkey: sign-in needs no user name.',
              example: 'required',
            }),
            userVerification: z.literal('required').openapi({
              description: 'The member unlocks it (PIN, fingerprint, face).',
              example: 'required',
            }),
          })
          .openapi({ description: 'What kind of authenticator.' }),
        excludeCredentials: z
          .array(credentialDescriptor)
          .openapi({ description: "The member's passkeys already registered, so none is made twice." }),
      })
      .openapi({
        description: 'Pass to `navigator.credentials.create({ publicKey })` (decoding the base64url fields).',
      }),
  })
  .openapi('PasskeyRegistrationOptions');

export const signInOptionsSchema = z
  .object({
    ...ceremony,
    publicKey: z
      .object({
        challenge: base64url('What the authenticator signs', 'xQv3vC0q7c9U9RzG4y0K8w0oXf7E1n9mGm2a4r5k6Jc'),
        rpId: z.string().openapi({ description: 'The relying party id.', example: 'wallet.tessera.example' }),
        timeout: z
          .number()
          .int()
          .openapi({ description: 'Milliseconds the browser may wait.', example: 300000 }),
        userVerification: z
          .literal('required')
          .openapi({ description: 'The member unlocks the passkey.', example: 'required' }),
        allowCredentials: z
          .array(credentialDescriptor)
          .openapi({ description: 'Empty: the authenticator offers the member their own passkeys.' }),
      })
      .openapi({
        description: 'Pass to `navigator.credentials.get({ publicKey })` (decoding the base64url fields).',
      }),
  })
  .openapi('PasskeySignInOptions');

const credentialFields = {
  id: credentialId,
  rawId: credentialId,
  type: z.literal('public-key').openapi({ description: 'Always public-key.', example: 'public-key' }),
};

export const registrationBody = z
  .object({
    challengeToken,
    name: z.string().trim().min(1).max(60).optional().openapi({
      description: 'What the member calls this passkey; "Passkey n" by default.',
      example: 'iPhone',
    }),
    credential: z
      .object({
        ...credentialFields,
        response: z
          .object({
            clientDataJSON: base64url('The client data', 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0'),
            attestationObject: base64url(
              'The attestation object (CBOR)',
              'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjF',
            ),
            transports: z
              .array(z.string().max(32).openapi({ description: 'A transport.', example: 'internal' }))
              .max(10)
              .optional()
              .openapi({ description: '`response.getTransports()`.' }),
          })
          .openapi({ description: 'The authenticator attestation response.' }),
      })
      .openapi({ description: 'The `PublicKeyCredential` the browser made, as `toJSON()` gives it.' }),
  })
  .openapi('PasskeyRegistration', {
    example: {
      challengeToken: 'eyJhbGciOiJFUzI1NiIs…',
      name: 'iPhone',
      credential: {
        id: 'q0Rm3WbkTjyD4sHqdu9T0A',
        rawId: 'q0Rm3WbkTjyD4sHqdu9T0A',
        type: 'public-key',
        response: {
          clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0',
          attestationObject: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVjF',
          transports: ['internal'],
        },
      },
    },
  });

export const signInBody = z
  .object({
    challengeToken,
    credential: z
      .object({
        ...credentialFields,
        response: z
          .object({
            clientDataJSON: base64url('The client data', 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0'),
            authenticatorData: base64url(
              'The authenticator data',
              'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ',
            ),
            signature: base64url('The signature', 'MEUCIQDwa2Fp'),
            userHandle: base64url('The user handle', 'bWVtXzAxSkQzWjZXM1JNMEUyRjJXQjdHMEszVDlR')
              .nullable()
              .optional(),
          })
          .openapi({ description: 'The authenticator assertion response.' }),
      })
      .openapi({ description: 'The `PublicKeyCredential` the browser answered, as `toJSON()` gives it.' }),
  })
  .openapi('PasskeySignIn', {
    example: {
      challengeToken: 'eyJhbGciOiJFUzI1NiIs…',
      credential: {
        id: 'q0Rm3WbkTjyD4sHqdu9T0A',
        rawId: 'q0Rm3WbkTjyD4sHqdu9T0A',
        type: 'public-key',
        response: {
          clientDataJSON: 'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0',
          authenticatorData: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ',
          signature: 'MEUCIQDwa2Fp',
          userHandle: 'bWVtXzAxSkQzWjZXM1JNMEUyRjJXQjdHMEszVDlR',
        },
      },
    },
  });
