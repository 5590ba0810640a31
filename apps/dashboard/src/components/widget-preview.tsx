import type { WidgetSettings } from '@sapa/contracts';
import { effectiveDisplay } from '../state/widget-settings.js';

const WIDTHS = { small: 300, medium: 340, large: 400 } as const;

/**
 * A static likeness of the widget with the settings being edited, on a desktop or phone
 * frame. Colours are set through React's style property (CSSOM), which the dashboard's CSP allows.
 */
export function WidgetPreview(props: {
  settings: WidgetSettings;
  device: 'desktop' | 'mobile';
  online: boolean;
}) {
  const display = effectiveDisplay(props.settings, props.device);
  const scale = props.device === 'mobile' ? 0.8 : 1;
  const side = display.position === 'bottom-left' ? 'left' : 'right';
  const offlineHidden = !props.online && props.settings.offlineBehavior === 'hide';
  return (
    <div
      className={`preview-frame preview-${props.device}`}
      data-testid="widget-preview"
      aria-label="Widget preview"
    >
      <div className="preview-page" aria-hidden="true">
        <div className="preview-line wide" />
        <div className="preview-line" />
        <div className="preview-line" />
      </div>
      {offlineHidden ? (
        <p className="muted preview-hidden">Hidden while no agent is online.</p>
      ) : (
        <div
          className={`preview-widget preview-${side}`}
          style={{ width: `${WIDTHS[display.size] * scale}px` }}
        >
          <div className="preview-window">
            <div
              className="preview-header"
              style={{ backgroundColor: display.color }}
              data-testid="preview-header"
            >
              {display.logoUrl && <img src={display.logoUrl} alt="" className="preview-logo" />}
              <strong data-testid="preview-site-name">{display.siteName}</strong>
            </div>
            <div className="preview-body">
              {props.online ? (
                <p className="preview-bubble" data-testid="preview-greeting">
                  {display.greeting || 'Hi! How can we help?'}
                </p>
              ) : (
                <p className="preview-bubble">
                  We are offline. Leave a message and we will e-mail you.
                </p>
              )}
              {(['name', 'email', 'question'] as const)
                .filter((field) => props.settings.preChat[field] !== 'off')
                .map((field) => (
                  <div key={field} className="preview-field">
                    {field === 'email' ? 'E-mail' : field[0]?.toUpperCase() + field.slice(1)}
                    {props.settings.preChat[field] === 'required' ? ' *' : ''}
                  </div>
                ))}
            </div>
          </div>
          <div
            className={`preview-launcher preview-launcher-${side}`}
            style={{ backgroundColor: display.color }}
            data-testid="preview-launcher"
          >
            {display.launcherText || (
              <svg viewBox="0 0 24 24" width="20" height="20" aria-label="Chat" fill="currentColor">
                <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
              </svg>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
