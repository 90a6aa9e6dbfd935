import { mount } from 'svelte';
import '../../lib/ui/popup.css';
import { locale } from '../../lib/ui/i18n';
import SignInConsent from '../../lib/ui/SignInConsent.svelte';

document.documentElement.lang = locale;
mount(SignInConsent, {
  target: document.getElementById('app')!,
  props: { signInId: new URLSearchParams(location.search).get('id') ?? '' },
});
