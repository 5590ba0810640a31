/** A failure said in the page (role="alert"); nothing when there is none. */
export function ErrorLine(props: { message: string | undefined; className?: string }) {
  if (!props.message) return null;
  return (
    <p role="alert" className={props.className ? `error ${props.className}` : 'error'}>
      {props.message}
    </p>
  );
}
