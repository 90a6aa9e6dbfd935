import { mount } from 'svelte';
import '../../lib/ui/popup.css';
import { locale } from '../../lib/ui/i18n';
import Popup from '../../lib/ui/Popup.svelte';

document.documentElement.lang = locale;
mount(Popup, { target: document.getElementById('app')! });
