# A small module to test offline: a team's platform account with its roles, and an AWS sandbox
# account leased to the team's lead. tests/team.tftest.hcl runs it against the bundled mock.
terraform {
  required_providers {
    sandbox = {
      source  = "sandbox-platform/sandbox"
      version = "~> 0.1"
    }
  }
}

variable "team" {
  description = "Name of the team."
  type        = string
}

variable "email" {
  description = "Contact address of the team."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+$", var.email))
    error_message = "The email must be an address such as team@example.com."
  }
}

variable "lead" {
  description = "Principal id of the team's lead, who gets the AWS sandbox account."
  type        = string
}

variable "budget" {
  description = "Budget of the lead's sandbox lease, in USD."
  type        = number
  default     = 100
}

resource "sandbox_account" "team" {
  name  = var.team
  email = var.email
}

resource "sandbox_account_roles" "team" {
  account_id = sandbox_account.team.id
  roles      = ["marketing-admin"]
}

resource "sandbox_lease" "lead" {
  principal_id    = var.lead
  budget_amount   = var.budget
  budget_currency = "USD"
}

output "account_id" {
  value = sandbox_account.team.id
}

output "sandbox_account_id" {
  description = "The AWS account leased to the lead."
  value       = sandbox_lease.lead.account_id
}
