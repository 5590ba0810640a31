import { callApi } from './rest.js';
import type { WidgetSettings } from '@sapa/contracts';

type Token = () => Promise<string>;

/** `GET /api/v1/site/settings`: the widget's settings (admins and supervisors; others 403). */
export async function getWidgetSettings(token: Token): Promise<WidgetSettings> {
  const body = await callApi<{ settings?: WidgetSettings }>('/site/settings', {
    token: await token(),
  });
  return body.settings ?? (body as WidgetSettings);
}

/** `PUT /api/v1/site/settings`; open widgets get the new settings at once. */
export async function saveWidgetSettings(
  token: Token,
  settings: WidgetSettings,
): Promise<WidgetSettings | undefined> {
  const body = await callApi<{ settings?: WidgetSettings }>('/site/settings', {
    method: 'PUT',
    token: await token(),
    body: { settings },
  });
  return body.settings;
}
