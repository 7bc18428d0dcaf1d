using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackupifyPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionVerifiedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "VerifiedAt",
                table: "AuthSessions",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "AuthSessions");
        }
    }
}
