"""tickets finished by the system

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('finished_by_system', sa.Boolean(), server_default=sa.text('false'), nullable=False)
        )
    # Tickets closing.settle finished before this column existed: their finish is in the history, channel
    # "closing" (close-day and the next morning's roll-over both record it so).
    op.execute(
        "UPDATE ticket SET finished_by_system = true WHERE state = 'done' AND id IN ("
        "SELECT ticket_id FROM history_entry WHERE kind = 'ticket.finished' AND channel = 'closing')"
    )


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_column('finished_by_system')
