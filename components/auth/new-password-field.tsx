import { TextField } from "@/components/ui/form-fields";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/shared/schemas/user";

/** A password being chosen (the first owner's, a password link's), with the length rule the server checks. */
export function NewPasswordField({ label, errors }: { label: string; errors?: string[] }) {
  return (
    <TextField
      id="password"
      name="password"
      label={label}
      type="password"
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN_LENGTH}
      maxLength={PASSWORD_MAX_LENGTH}
      hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
      errors={errors}
    />
  );
}
