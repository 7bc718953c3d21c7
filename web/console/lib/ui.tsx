import type { ComponentChildren } from 'preact';

/** An action's outcome: announced politely when it worked, assertively when it did not. */
export function Outcome({ message }: { message: { kind: 'ok' | 'error'; text: string } | undefined }) {
  if (message === undefined) return null;
  return message.kind === 'ok' ? (
    <p class="ok" role="status">
      {message.text}
    </p>
  ) : (
    <p class="error" role="alert">
      {message.text}
    </p>
  );
}

export function Failure({ error }: { error: string | undefined }) {
  return error === undefined ? null : (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

export function Field(props: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child, inside the label
    <label class="field">
      <span>{props.label}</span>
      {props.children}
    </label>
  );
}

/** The value of a named field of a submitted form. */
export function formValue(form: HTMLFormElement, name: string): string {
  const value = new FormData(form).get(name);
  return typeof value === 'string' ? value.trim() : '';
}

export function money(value: { amount: string; currency: string } | undefined): string {
  return value === undefined ? '' : `${value.amount} ${value.currency}`;
}
