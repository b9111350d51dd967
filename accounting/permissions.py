"""Who may see and change the bokslut pages: as the fees (finance.permissions), the
Ekonom and the Administratör (administrativ chef) read, the Ekonom changes."""

from finance.permissions import can_edit_finance, can_view_finance

can_view_accounting = can_view_finance
can_edit_accounting = can_edit_finance
