import { Link } from 'wouter';
import { phoneText, type PhoneText } from '../phone-texts.js';

/**
 * On a narrow screen one pane shows at a time; this control returns from the open item to
 * its list (hidden by the stylesheet on wide screens, where both panes are side by side).
 * With `to` it is a link (the list has a URL), otherwise a button.
 */
export function BackToList(props: { label: PhoneText; to?: string; onBack?: () => void }) {
  const text = phoneText(props.label);
  const content = (
    <>
      <span aria-hidden="true">←</span> {text}
    </>
  );
  return props.to !== undefined ? (
    <Link to={props.to} className="back-to-list" data-testid="back-to-list">
      {content}
    </Link>
  ) : (
    <button
      type="button"
      className="back-to-list"
      onClick={props.onBack}
      data-testid="back-to-list"
    >
      {content}
    </button>
  );
}
