// PLACEHOLDER until the wizard UI lands.
export type ApplicationWizardProps = Record<string, unknown>;
export function ApplicationWizard(props: ApplicationWizardProps) {
  return <pre>{JSON.stringify(props).slice(0, 200)}</pre>;
}
