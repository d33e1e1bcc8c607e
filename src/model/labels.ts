// Ground truth written by `simulate` and read by `eval`.

export interface ScenarioLabel {
  /** scenario name, e.g. `anubis-rc4-b64` */
  scenario: string;
  malicious: boolean;
  /** name of the benign twin (for a malicious scenario) or of the malicious one it mirrors */
  twin?: string;
  device: string;
  app: string;
  /** the public facts this scenario is grounded in (family, report) */
  grounding?: string;
  /** what makes it malicious, or what keeps the twin benign */
  note: string;
}

export interface LabelsFile {
  version: 1;
  seed: number;
  scenarios: ScenarioLabel[];
}
