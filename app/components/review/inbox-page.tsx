// PLACEHOLDER until the review UI lands.
export function InboxPage(props: Record<string, unknown>) {
  return <pre>{JSON.stringify(props).slice(0, 500)}</pre>;
}
