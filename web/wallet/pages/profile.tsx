import { useEffect, useState } from 'preact/hooks';
import { PasskeysSection } from '../components/passkeys.js';
import { ProblemMessage } from '../components/problem.js';
import { useWallet } from '../context.js';
import { useLoad } from '../load.js';
import type { MessageKey } from '../messages.js';
import type { Profile } from '../types.js';

type Field = 'displayName' | 'email' | 'phone' | 'homeCountry';
const FIELDS: readonly { name: Field; type: string; autocomplete: string }[] = [
  { name: 'displayName', type: 'text', autocomplete: 'nickname' },
  { name: 'email', type: 'email', autocomplete: 'email' },
  { name: 'phone', type: 'tel', autocomplete: 'tel' },
  { name: 'homeCountry', type: 'text', autocomplete: 'country' },
];

/** The languages the wallet speaks, each named in itself. */
const LANGUAGE_NAMES: readonly { locale: string; name: string }[] = [
  { locale: 'en', name: 'English' },
  { locale: 'it', name: 'Italiano' },
];

/** The member's profile (the wallet's language follows its locale) and the passkeys that sign them in. */
export function ProfilePage() {
  const { t } = useWallet();
  return (
    <>
      <h1>{t('profile.title')}</h1>
      <ProfileForm />
      <PasskeysSection />
    </>
  );
}

function ProfileForm() {
  const { t, api, profileSaved } = useWallet();
  const [saves, setSaves] = useState(0);
  const profile = useLoad(() => api.get<Profile>('/v1/me/profile'), [saves]);
  const [values, setValues] = useState<Record<Field | 'locale', string>>(fieldsOf(undefined));
  const [problem, setProblem] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const data = profile.data;
  // The fields take the saved profile when it loads; what is being typed is not overwritten later.
  useEffect(() => {
    if (data === undefined || saves > 0) return;
    setValues(fieldsOf(data));
  }, [data, saves]);
  if (data === undefined) return <ProblemMessage problem={profile.problem} />;
  const given = (value: string) => (value.trim() === '' ? null : value.trim());
  const otherLocale = values.locale !== '' && !LANGUAGE_NAMES.some((each) => each.locale === values.locale);

  return (
    <form
      aria-labelledby="profile-title"
      class="fields"
      onSubmit={async (event) => {
        event.preventDefault();
        setSaved(false);
        try {
          const updated = await api.patch<Profile>('/v1/me/profile', {
            displayName: given(values.displayName),
            email: given(values.email),
            phone: given(values.phone),
            homeCountry: given(values.homeCountry.toUpperCase()),
            locale: given(values.locale),
          });
          setProblem(undefined);
          setSaved(true);
          setValues(fieldsOf(updated));
          profileSaved(updated);
        } catch (error) {
          setProblem(error);
        }
        setSaves((each) => each + 1);
      }}
    >
      <h2 id="profile-title">{t('profile.about')}</h2>
      {FIELDS.map((field) => (
        <label key={field.name}>
          {t(`profile.${field.name}` as MessageKey)}
          <input
            type={field.type}
            autocomplete={field.autocomplete}
            value={values[field.name]}
            onInput={(event) => setValues({ ...values, [field.name]: event.currentTarget.value })}
          />
        </label>
      ))}
      <label>
        {t('profile.language')}
        <select
          value={values.locale}
          onChange={(event) => setValues({ ...values, locale: event.currentTarget.value })}
        >
          <option value="">{t('profile.languageBrowser')}</option>
          {LANGUAGE_NAMES.map((each) => (
            <option key={each.locale} value={each.locale} lang={each.locale}>
              {each.name}
            </option>
          ))}
          {otherLocale && <option value={values.locale}>{values.locale}</option>}
        </select>
      </label>
      <p>
        <small>{t('profile.currency')}</small>
      </p>
      <button type="submit" class="primary">
        {t('profile.save')}
      </button>
      <ProblemMessage problem={problem} />
      {saved && <p role="status">{t('profile.saved')}</p>}
    </form>
  );
}

/** The form's values for a profile: what is not given is an empty field. */
function fieldsOf(profile: Profile | undefined): Record<Field | 'locale', string> {
  return {
    displayName: profile?.displayName ?? '',
    email: profile?.email ?? '',
    phone: profile?.phone ?? '',
    homeCountry: profile?.homeCountry ?? '',
    locale: profile?.locale ?? '',
  };
}
