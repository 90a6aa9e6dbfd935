/** A merchant signed in to the console over plain HTTP: its pages' HTML, and its forms posted as a browser would. */
export async function consoleSession(platformUrl: string, login: { email: string; password: string }) {
  const post = (path: string, form: Record<string, string>, cookie = '') =>
    fetch(`${platformUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: platformUrl, 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams(form),
    });
  const signedIn = await post('/console/sign-in', login);
  const token = /pouch_console=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')?.[1];
  if (!token) throw new Error(`console sign-in failed: HTTP ${signedIn.status}`);
  const cookie = `pouch_console=${token}`;
  return {
    page: (path: string) => fetch(`${platformUrl}${path}`, { headers: { cookie } }),
    post: (path: string, form: Record<string, string>) => post(path, form, cookie),
  };
}
