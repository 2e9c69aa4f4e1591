import type { ComponentProps } from "react";
import { TextField } from "@/components/ui/form-fields";
import { EMAIL_MAX_LENGTH, USER_NAME_MAX_LENGTH } from "@/lib/shared/schemas/user";

type FieldProps = Partial<ComponentProps<typeof TextField>>;

/** A person's email, as sign-in, the first account and Add user ask for it (the limit is the schema's). */
export function EmailField(props: FieldProps) {
  return (
    <TextField
      id="email"
      name="email"
      label="Email"
      type="email"
      autoComplete="username"
      required
      maxLength={EMAIL_MAX_LENGTH}
      {...props}
    />
  );
}

/** A person's display name (optional). */
export function NameField(props: FieldProps) {
  return (
    <TextField id="name" name="name" label="Name" autoComplete="name" maxLength={USER_NAME_MAX_LENGTH} {...props} />
  );
}
