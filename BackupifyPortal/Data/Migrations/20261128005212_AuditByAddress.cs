using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BackupifyPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditByAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_IpAddress_Type_At",
                table: "AuditEvents",
                columns: new[] { "IpAddress", "Type", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_IpAddress_Type_At",
                table: "AuditEvents");
        }
    }
}
