import { mount } from 'svelte';
import '../../lib/ui/popup.css';
import { locale } from '../../lib/ui/i18n';
import PaymentSheet from '../../lib/ui/PaymentSheet.svelte';

document.documentElement.lang = locale;
mount(PaymentSheet, {
  target: document.getElementById('app')!,
  props: { checkoutId: new URLSearchParams(location.search).get('checkout') ?? '' },
});
