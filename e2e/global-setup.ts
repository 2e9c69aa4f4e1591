import fs from "node:fs";
import { E2E_DATA_DIR } from "../playwright.config";

/** Every run starts on an empty database. (The web server starts after this.) */
export default function globalSetup(): void {
  fs.rmSync(E2E_DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(E2E_DATA_DIR, { recursive: true });
}
